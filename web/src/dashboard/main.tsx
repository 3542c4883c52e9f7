import { currentSession } from '../auth/session.ts';
import { type LanguageProps, mountPage } from '../components/layout.tsx';
import { dashboardDictionaries } from '../i18n/dashboard.ts';
import { setSignInLanguage } from '../staff/api.ts';
import { canSeeAllZones, zonesOf } from '../staff/common.tsx';
import { SigningIn, StaffLayout } from '../staff/layout.tsx';
import { Dashboard } from './page.tsx';
import './dashboard.css';

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
