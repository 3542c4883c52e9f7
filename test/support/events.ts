/** Test helpers for calling handlers as API Gateway would. */
export { httpEvent, lambdaContext } from '../../local/http-event.ts';

/** JWT claims as the authorizer hands them to handlers. */
export const claimsFor = (...groups: string[]) => ({
  sub: `test-${groups.join('-') || 'nobody'}`,
  'cognito:groups': groups,
});
