/**
 * cdk-nag acknowledgements for findings whose id contains a deploy-time value (an ARN imported from
 * another stack, a function's logical id). The finding text is only known once cross-stack references
 * are resolved, so the id is rendered in a construct validation (which runs after references are
 * resolved and before the validation plugins), exactly as cdk-nag renders it.
 */
import { Stack, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/** One intrinsic function (`{ "Fn::GetAtt": [...] }`) as cdk-nag prints it, or undefined when unknown. */
const renderIntrinsic = (fn: string | undefined, arg: unknown): string | undefined => {
  if (fn === 'Fn::ImportValue' && typeof arg === 'string') return arg;
  if (fn === 'Ref' && typeof arg === 'string') return `<${arg}>`;
  if (fn === 'Fn::GetAtt' && Array.isArray(arg)) return `<${arg.join('.')}>`;
  if (fn === 'Fn::Join' && Array.isArray(arg) && Array.isArray(arg[1]))
    return (arg[1] as unknown[]).map(renderForNag).join(String(arg[0]));
  return undefined;
};

/** Renders a resolved CloudFormation value the way cdk-nag prints it in finding ids. */
const renderForNag = (value: unknown): string => {
  if (typeof value === 'string') return value;
  const [fn, arg] = typeof value === 'object' && value !== null ? (Object.entries(value)[0] ?? []) : [];
  const rendered = renderIntrinsic(fn, arg);
  if (rendered === undefined)
    throw new Error(`cannot render ${JSON.stringify(value)} for a cdk-nag acknowledgement`);
  return rendered;
};

/** Acknowledges `AwsSolutions-IAM5[Resource::<resource>]` on `scope` once `resource` is resolvable. */
export const acknowledgeWildcardResource = (scope: IConstruct, resource: string, reason: string): void => {
  scope.node.addValidation({
    validate: () => {
      const rendered = renderForNag(Stack.of(scope).resolve(resource));
      Validations.of(scope).acknowledge({ id: `AwsSolutions-IAM5[Resource::${rendered}]`, reason });
      return [];
    },
  });
};
