/**
 * `/dashboard`: the RAR dashboard. Needs a session (sign-in comes back here through /staff/callback);
 * groups rar and staff see every zone, a coordinator (zone-<id>) their own; anyone else is told why not.
 */
import { useEffect } from 'preact/hooks';
import { currentSession, signIn } from '../auth/session.ts';
import { type LanguageProps, mountPage } from '../components/layout.tsx';
import { dashboardDictionaries } from '../i18n/dashboard.ts';
import { staffDictionaries } from '../i18n/staff.ts';
import { setSignInLanguage } from '../staff/api.ts';
import { canSeeAllZones, zonesOf } from '../staff/common.tsx';
import { StaffLayout, useStaffTitle } from '../staff/layout.tsx';
import { Dashboard } from './page.tsx';
import './dashboard.css';

const SigningIn = ({ lang, setLang }: LanguageProps) => {
  const t = staffDictionaries[lang];
  useStaffTitle(t.signIn, lang);
  useEffect(() => {
    void signIn(lang);
  }, [lang]);
  return (
    <StaffLayout lang={lang} setLang={setLang} section="none">
      <h1>{t.signIn}</h1>
      <p role="status">{t.signingIn}</p>
    </StaffLayout>
  );
};

const DashboardApp = (props: LanguageProps) => {
  setSignInLanguage(props.lang);
  const session = currentSession();
  if (!session) return <SigningIn {...props} />;
  const zones = zonesOf(session);
  if (!canSeeAllZones(session) && zones.length === 0) {
    const t = dashboardDictionaries[props.lang];
    return (
      <StaffLayout {...props} section="dashboard" who={session.groups.join(', ') || session.subject}>
        <h1>{t.title}</h1>
        <div role="alert" class="notice-warning">
          <p>{t.notAllowed}</p>
        </div>
      </StaffLayout>
    );
  }
  return <Dashboard {...props} session={session} />;
};

mountPage(DashboardApp);
