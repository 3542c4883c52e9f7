/** The page for any address that is neither a page nor the API. */
import { type LanguageProps, Layout, mountPage, useTitle } from '../components/layout.tsx';
import { dictionaries } from '../i18n/index.ts';

const NotFound = ({ lang, setLang }: LanguageProps) => {
  const t = dictionaries[lang];
  useTitle(t.notFoundTitle, lang);
  return (
    <Layout lang={lang} setLang={setLang}>
      <h1>{t.notFoundTitle}</h1>
      <p>{t.notFoundBody}</p>
      <p>
        <a href="/">{t.otherSurveys}</a>
      </p>
    </Layout>
  );
};

mountPage(NotFound);
