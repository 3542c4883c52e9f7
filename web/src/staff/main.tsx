/**
 * `/staff/*`: one page bundle, routed here by path. Every page but the sign-in callback and the
 * signed-out page needs a session; without one the person goes to sign in and comes back here.
 */
import { useEffect, useState } from 'preact/hooks';
import {
  CALLBACK_PATH,
  completeSignIn,
  currentSession,
  type Session,
  SIGNED_OUT_PATH,
  signIn,
} from '../auth/session.ts';
import { type LanguageProps, mountPage } from '../components/layout.tsx';
import { staffDictionaries } from '../i18n/staff.ts';
import { setSignInLanguage } from './api.ts';
import { SigningIn, StaffLayout, useStaffTitle } from './layout.tsx';
import { MeetingPage } from './meeting-page.tsx';
import { MeetingsPage } from './meetings.tsx';
import { ReportsPage } from './reports.tsx';
import { SurveysPage } from './surveys.tsx';

export interface StaffProps extends LanguageProps {
  session: Session;
}

const Callback = ({ lang, setLang }: LanguageProps) => {
  const t = staffDictionaries[lang];
  const [failed, setFailed] = useState(false);
  useStaffTitle(t.signIn, lang);
  useEffect(() => {
    completeSignIn().then(
      (to) => location.replace(to),
      () => setFailed(true),
    );
  }, []);
  return (
    <StaffLayout lang={lang} setLang={setLang} section="none">
      <h1>{t.signIn}</h1>
      {failed ? (
        <div role="alert">
          <p>{t.signInFailed}</p>
          <button type="button" class="button" onClick={() => void signIn(lang, '/staff')}>
            {t.signIn}
          </button>
        </div>
      ) : (
        <p role="status">{t.signingIn}</p>
      )}
    </StaffLayout>
  );
};

const SignedOut = ({ lang, setLang }: LanguageProps) => {
  const t = staffDictionaries[lang];
  useStaffTitle(t.signedOutTitle, lang);
  return (
    <StaffLayout lang={lang} setLang={setLang} section="none">
      <h1>{t.signedOutTitle}</h1>
      <p>{t.signedOutBody}</p>
      <button type="button" class="button" onClick={() => void signIn(lang, '/staff')}>
        {t.signIn}
      </button>
    </StaffLayout>
  );
};

const meetingPath = /^\/staff\/meetings\/([^/]+)\/?$/;

const StaffApp = (props: LanguageProps) => {
  setSignInLanguage(props.lang);
  const path = location.pathname;
  if (path === CALLBACK_PATH) return <Callback {...props} />;
  if (path === SIGNED_OUT_PATH) return <SignedOut {...props} />;
  const session = currentSession();
  if (!session) return <SigningIn {...props} />;
  const p = { ...props, session };
  if (path === '/staff/surveys') return <SurveysPage {...p} />;
  if (path === '/staff/reports') return <ReportsPage {...p} />;
  const m = meetingPath.exec(path);
  if (m?.[1]) return <MeetingPage {...p} meetingId={decodeURIComponent(m[1])} />;
  return <MeetingsPage {...p} />;
};

mountPage(StaffApp);
