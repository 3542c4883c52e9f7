/**
 * What the staff pages' sign-in needs from the CDK app: the Cognito app client's callback and sign-out
 * URLs on the web origins (the CloudFront distribution's domain and any custom domain), and the runtime
 * configuration the web app reads from `/config.json` (issuer, client id, scope, logout endpoint).
 * The paths are those of web/src/auth/session.ts (and of the local provider, local/oidc.ts).
 */
export const STAFF_CALLBACK_PATH = '/staff/callback';
export const STAFF_SIGNED_OUT_PATH = '/staff/signed-out';

export const staffCallbackUrls = (origins: string[]) => origins.map((o) => `${o}${STAFF_CALLBACK_PATH}`);
export const staffLogoutUrls = (origins: string[]) => origins.map((o) => `${o}${STAFF_SIGNED_OUT_PATH}`);

export interface StaffWebConfig {
  issuer: string;
  clientId: string;
  scope: string;
  logoutUrl: string;
}

/** `/config.json` for the cloud: Cognito's issuer (discovery) and its managed-login logout endpoint. */
export const staffWebConfig = (p: {
  region: string;
  urlSuffix: string;
  userPoolId: string;
  clientId: string;
  loginDomain: string;
  scope: string;
}): StaffWebConfig => ({
  issuer: `https://cognito-idp.${p.region}.${p.urlSuffix}/${p.userPoolId}`,
  clientId: p.clientId,
  scope: p.scope,
  logoutUrl: `${p.loginDomain}/logout`,
});
