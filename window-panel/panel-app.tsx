/**
 * The window panel (窗口工作台): sign in, work the window, sign out. The
 * language is the clerk's preference on this PC and is remembered.
 */
import { useEffect, useState } from 'preact/hooks';
import { htmlLang, pick, type Lang } from '../state-machines/client/web/i18n.ts';
import { Desk } from './desk.tsx';
import { GuideDesk } from './guide-desk.tsx';
import { LoginForm } from './login-form.tsx';
import { clear, savedSession, signOut, type ClerkSession } from './session.ts';
import { SupervisorDesk } from './supervisor-desk.tsx';
import { T } from './texts.ts';

const LANG_KEY = 'yichuang.panel.lang';

export function PanelApp() {
  const [lang, setLang] = useState<Lang>(savedLang);
  const [session, setSession] = useState<ClerkSession | undefined>(() => savedSession());
  const [notice, setNotice] = useState<string>();

  useEffect(() => {
    document.documentElement.lang = htmlLang(lang);
    document.title = `${pick(lang, T.appName)} · 一窗`;
    try {
      localStorage.setItem(LANG_KEY, lang);
    } catch {
      // not remembered
    }
  }, [lang]);

  const langToggle = (
    <button type="button" class="button button--quiet" data-testid="lang-toggle" onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}>
      {lang === 'zh' ? 'English' : '中文'}
    </button>
  );

  // A session without a window: the supervisor's desk, or the guide's (导办台) — the same shell, another page.
  if (session && session.window === null && session.staff.role !== 'clerk') {
    const Page = session.staff.role === 'guide' ? GuideDesk : SupervisorDesk;
    return (
      <Page
        key={session.token}
        session={session}
        lang={lang}
        langToggle={langToggle}
        onSessionLost={() => {
          clear();
          setSession(undefined);
          setNotice(pick(lang, T.sessionEnded));
        }}
        onSignOut={() => {
          void signOut(session);
          setSession(undefined);
        }}
      />
    );
  }

  if (session?.window == null) {
    return (
      <>
        <div class="login-lang">{langToggle}</div>
        <LoginForm
          lang={lang}
          notice={notice}
          onSignedIn={(s) => {
            setNotice(undefined);
            setSession(s);
          }}
        />
      </>
    );
  }

  return (
    <Desk
      key={session.token}
      session={{ ...session, window: session.window }}
      lang={lang}
      langToggle={langToggle}
      onSessionLost={() => {
        clear();
        setSession(undefined);
        setNotice(pick(lang, T.sessionEnded));
      }}
      onSignOut={async (reason) => {
        const out = await signOut(session, reason);
        if (!out.ok) return out.error;
        setSession(undefined);
        return undefined;
      }}
    />
  );
}

function savedLang(): Lang {
  try {
    return localStorage.getItem(LANG_KEY) === 'en' ? 'en' : 'zh';
  } catch {
    return 'zh';
  }
}
