import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { call, hasAccessToken, sessionCookie, setAccessToken } from './api';
import { SignOutDocument } from './generated/graphql';
import { ApiKeyPage } from './pages/api-key';
import { ClientKeysPage } from './pages/client-keys';
import { EventsPage } from './pages/events';
import { HomePage } from './pages/home';
import { PasswordPage } from './pages/password';
import { ResetPage } from './pages/reset';
import { SessionsPage } from './pages/sessions';
import { SignInPage } from './pages/sign-in';
import { SignUpPage } from './pages/sign-up';
import { TwoFactorPage } from './pages/two-factor';
import { VerifyPage } from './pages/verify';
import { href, navigate, onLinkClick, useRoute } from './router';
import './styles.css';

const SIGNED_IN_PAGES: Record<string, () => preact.JSX.Element> = {
  '/': HomePage,
  '/sessions': SessionsPage,
  '/client-keys': ClientKeysPage,
  '/api-key': ApiKeyPage,
  '/activity': EventsPage,
  '/password': PasswordPage,
  '/two-factor': TwoFactorPage,
};

function App() {
  const { path, query } = useRoute();
  const [signedIn, setSignedIn] = useState(hasAccessToken());
  // A kept session (the HttpOnly cookie) gives a fresh token after a reload; until that answer
  // the page waits rather than flashing the sign-in form.
  const [starting, setStarting] = useState(true);
  useEffect(() => {
    void sessionCookie('refresh').then((kept) => {
      if (kept) setSignedIn(true);
      setStarting(false);
    });
  }, []);

  async function signOut() {
    // Ends the session on the server; the token is forgotten even if that call fails.
    await call(SignOutDocument).catch(() => undefined);
    await sessionCookie('end');
    setAccessToken(undefined);
    setSignedIn(false);
    navigate('/sign-in');
  }

  let page: preact.JSX.Element;
  if (starting) page = <p>Loading…</p>;
  else if (path === '/verify') page = <VerifyPage query={query} />;
  else if (path === '/reset') page = <ResetPage query={query} />;
  else if (path === '/sign-up') page = <SignUpPage />;
  else if (path === '/sign-in' || !signedIn) page = <SignInPage onSignedIn={() => setSignedIn(true)} />;
  else {
    const Signed = SIGNED_IN_PAGES[path];
    page = Signed ? <Signed /> : <p>This page does not exist.</p>;
  }
  return (
    <>
      <a class="skip" href="#main">
        Skip to the content
      </a>
      <header>
        <nav aria-label="Account">
          {signedIn ? (
            <>
              <a href={href('/')}>Profile</a> <a href={href('/password')}>Password</a>{' '}
              <a href={href('/two-factor')}>Two-factor</a> <a href={href('/sessions')}>Sessions</a>{' '}
              <a href={href('/client-keys')}>Client keys</a> <a href={href('/api-key')}>API key</a>{' '}
              <a href={href('/activity')}>Activity</a>{' '}
              <button type="button" class="link" onClick={() => void signOut()}>
                Sign out
              </button>
            </>
          ) : (
            <>
              <a href={href('/sign-in')}>Sign in</a> <a href={href('/sign-up')}>Create an account</a>
            </>
          )}
        </nav>
      </header>
      <main id="main" tabIndex={-1}>
        {page}
      </main>
    </>
  );
}

const root = document.getElementById('app')!;
root.addEventListener('click', onLinkClick);
render(<App />, root);
