/** The frame of every staff page: skip link, site name, navigation, who is signed in, sign out, language. */
import type { ComponentChildren } from 'preact';
import { useEffect } from 'preact/hooks';
import { signIn, signOut } from '../auth/session.ts';
import { type LanguageProps, LanguageSwitch } from '../components/layout.tsx';
import { dictionaries } from '../i18n/index.ts';
import { staffDictionaries } from '../i18n/staff.ts';

export type Section = 'meetings' | 'surveys' | 'reports' | 'dashboard' | 'none';

export const useStaffTitle = (title: string, lang: LanguageProps['lang']) => {
  useEffect(() => {
    document.title = `${title} · ${staffDictionaries[lang].siteName}`;
  }, [title, lang]);
};

export const StaffLayout = ({
  lang,
  setLang,
  section,
  who,
  children,
}: LanguageProps & { section: Section; who?: string; children: ComponentChildren }) => {
  const t = staffDictionaries[lang];
  const links: [Exclude<Section, 'none'>, string, string][] = [
    ['meetings', '/staff', t.meetings],
    ['surveys', '/staff/surveys', t.surveys],
    ['reports', '/staff/reports', t.reports],
    ['dashboard', '/dashboard', t.dashboard],
  ];
  return (
    <>
      <a class="skip-link" href="#main">
        {dictionaries[lang].skipLink}
      </a>
      <header class="site-header">
        <div class="wrap wrap-wide header-row">
          <a class="site-name" href="/staff">
            {t.siteName}
          </a>
          <LanguageSwitch lang={lang} setLang={setLang} />
        </div>
        {who && (
          <div class="wrap wrap-wide header-row staff-bar">
            <nav aria-label={t.navLabel}>
              <ul class="staff-nav">
                {links.map(([id, href, label]) => (
                  <li key={id}>
                    <a href={href} aria-current={section === id ? 'page' : undefined}>
                      {label}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
            <div class="staff-user">
              <span>{t.signedInAs(who)}</span>
              <button type="button" class="button-link" onClick={() => void signOut()}>
                {t.signOut}
              </button>
            </div>
          </div>
        )}
      </header>
      <main id="main" class="wrap wrap-wide staff-main" tabIndex={-1}>
        {children}
      </main>
    </>
  );
};

/** Shown while the browser goes to the sign-in page (no session yet). */
export const SigningIn = ({ lang, setLang }: LanguageProps) => {
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
