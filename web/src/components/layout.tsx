/** The frame of every page: skip link, site name, the "Français / Nederlands" switch, main landmark. */
import type { ComponentChildren, JSX } from 'preact';
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { applyLanguage, dictionaries, initialLanguage, type Language, languages } from '../i18n/index.ts';
import '../styles.css';

export interface LanguageProps {
  lang: Language;
  setLang: (lang: Language) => void;
}

export const LanguageSwitch = ({ lang, setLang }: LanguageProps) => (
  <nav class="lang-switch" aria-label="Langue / Taal">
    {languages.map((l, i) => (
      <>
        {i > 0 && <span aria-hidden="true"> / </span>}
        <a
          href={`?lang=${l}`}
          lang={l}
          hreflang={l}
          aria-current={l === lang ? 'true' : undefined}
          onClick={(e) => {
            e.preventDefault();
            setLang(l);
          }}
        >
          {dictionaries[l].languageName}
        </a>
      </>
    ))}
  </nav>
);

export const Layout = ({ lang, setLang, children }: LanguageProps & { children: ComponentChildren }) => {
  const t = dictionaries[lang];
  return (
    <>
      <a class="skip-link" href="#main">
        {t.skipLink}
      </a>
      <header class="site-header">
        <div class="wrap header-row">
          <a class="site-name" href="/">
            {t.siteName}
          </a>
          <LanguageSwitch lang={lang} setLang={setLang} />
        </div>
      </header>
      <main id="main" class="wrap" tabIndex={-1}>
        {children}
      </main>
    </>
  );
};

/** Mounts a page into #app with the chosen language; a click on the switch re-renders in place. */
export const mountPage = (Page: (props: LanguageProps) => JSX.Element) => {
  const Root = () => {
    const [lang, set] = useState(initialLanguage);
    useEffect(() => applyLanguage(lang, false), [lang]);
    const setLang = (l: Language) => {
      applyLanguage(l, true);
      set(l);
    };
    return <Page lang={lang} setLang={setLang} />;
  };
  const app = document.getElementById('app');
  if (app) render(<Root />, app);
};

/** Sets the document title and returns nothing; pages call it with their heading. */
export const useTitle = (title: string, lang: Language) => {
  useEffect(() => {
    document.title = `${title} · ${dictionaries[lang].siteName}`;
  }, [title, lang]);
};
