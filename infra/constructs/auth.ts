/**
 * Staff sign-in: a Cognito user pool for staff only (no self sign-up, MFA, strong passwords, threat
 * protection), its groups, the API's resource server and scope, the managed login domain, and the web
 * client for the staff pages (authorization code + PKCE, callback and sign-out URLs on the web origins,
 * see ./staff-auth.ts). Survey respondents never sign in.
 */
import { Duration, Lazy, RemovalPolicy, Stack } from 'aws-cdk-lib';
import {
  AccountRecovery,
  CfnUserPoolGroup,
  FeaturePlan,
  Mfa,
  OAuthScope,
  ResourceServerScope,
  StandardThreatProtectionMode,
  UserPool,
  type UserPoolClient,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { careZoneIds } from '../../shared/reference/index.ts';
import type { StageConfig } from '../config.ts';
import { type StaffWebConfig, staffCallbackUrls, staffLogoutUrls, staffWebConfig } from './staff-auth.ts';

const API_SCOPE_IDENTIFIER = 'zonedata';
const API_SCOPE_NAME = 'api';
/** The scope every `jwt` route requires (access tokens from the managed login carry it). */
export const API_SCOPE = `${API_SCOPE_IDENTIFIER}/${API_SCOPE_NAME}`;
export const STAFF_GROUPS = ['staff', 'rar', ...careZoneIds.map((id) => `zone-${id}`)];

export interface AuthProps {
  config: StageConfig;
}

export class Auth extends Construct {
  readonly userPool: UserPool;
  readonly client: UserPoolClient;
  /** The issuer the API's JWT authorizer trusts. */
  readonly issuerUrl: string;
  readonly loginUrl: string;
  /** The staff pages' origins, known once the distribution exists (see `useWebOrigins`). */
  private webOrigins: string[] = [];

  constructor(scope: Construct, id: string, { config }: AuthProps) {
    super(scope, id);
    const prod = config.stage === 'prod';
    this.userPool = new UserPool(this, 'Users', {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      autoVerify: { email: true },
      passwordPolicy: {
        minLength: 14,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      // Every account here is staff (staff, rar, zone coordinators): respondents never sign in.
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      featurePlan: FeaturePlan.PLUS,
      standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION,
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      deletionProtection: prod,
      removalPolicy: prod ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    for (const group of STAFF_GROUPS) {
      new CfnUserPoolGroup(this, `Group-${group}`, {
        userPoolId: this.userPool.userPoolId,
        groupName: group,
      });
    }
    const apiScope = new ResourceServerScope({ scopeName: API_SCOPE_NAME, scopeDescription: 'zonedata API' });
    const resourceServer = this.userPool.addResourceServer('ResourceServer', {
      identifier: API_SCOPE_IDENTIFIER,
      scopes: [apiScope],
    });
    this.userPool.addDomain('Login', { cognitoDomain: { domainPrefix: config.authDomainPrefix } });
    this.client = this.userPool.addClient('Web', {
      generateSecret: false,
      preventUserExistenceErrors: true,
      authFlows: { userSrp: true },
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(1),
      // Authorization code only (no implicit grant); a public client (no secret) must use PKCE.
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.custom(API_SCOPE)],
        callbackUrls: Lazy.list({
          produce: () => [...staffCallbackUrls(this.webOrigins), ...config.callbackUrls],
        }),
        logoutUrls: Lazy.list({ produce: () => staffLogoutUrls(this.webOrigins) }),
      },
    });
    // The literal scope needs the resource server to exist first.
    this.client.node.addDependency(resourceServer);

    const stack = Stack.of(this);
    this.issuerUrl = `https://cognito-idp.${stack.region}.${stack.urlSuffix}/${this.userPool.userPoolId}`;
    this.loginUrl = `https://${config.authDomainPrefix}.auth.${stack.region}.amazoncognito.com`;
  }

  /** The web origins the staff pages are served from: the client's callback and sign-out URLs. */
  useWebOrigins(origins: string[]): void {
    this.webOrigins = origins;
  }

  /** The staff pages' `/config.json` in the cloud: Cognito as the issuer, its managed-login logout. */
  webConfig(): StaffWebConfig {
    const stack = Stack.of(this);
    return staffWebConfig({
      region: stack.region,
      urlSuffix: stack.urlSuffix,
      userPoolId: this.userPool.userPoolId,
      clientId: this.client.userPoolClientId,
      loginDomain: this.loginUrl,
      scope: ['openid', 'email', API_SCOPE].join(' '),
    });
  }
}
