import { call } from '../api';
import { VerifyEmailDocument } from '../generated/graphql';
import { href } from '../router';
import { Alert, Page, useAction } from '../ui';
import { useState } from 'preact/hooks';

/** Opening the mailed link changes nothing (mail scanners open links): the person presses the button. */
export function VerifyPage(props: { query: URLSearchParams }) {
  const user = props.query.get('user') ?? '';
  const token = props.query.get('token') ?? '';
  const [done, setDone] = useState(false);
  const action = useAction();
  if (!user || !token) {
    return (
      <Page title="Verify your email address">
        <Alert kind="error">This link is incomplete. Open the link from the verification mail again.</Alert>
      </Page>
    );
  }
  return (
    <Page title="Verify your email address">
      {done ? (
        <>
          <Alert kind="ok">Your email address is verified.</Alert>
          <p>
            <a href={href('/sign-in')}>Sign in</a>
          </p>
        </>
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void action.run(async () => {
              await call(VerifyEmailDocument, { user, token });
              setDone(true);
            });
          }}
        >
          <p>Press the button to confirm this address and finish creating your account.</p>
          <Alert kind="error">{action.error}</Alert>
          <button type="submit" disabled={action.busy}>
            Verify
          </button>
        </form>
      )}
    </Page>
  );
}
