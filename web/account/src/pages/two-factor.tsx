import { useEffect, useState } from 'preact/hooks';
import { call } from '../api';
import { QrCode } from '../components/qr-code';
import {
  DisableTwoFactorDocument,
  EnableTwoFactorDocument,
  ProfileDocument,
  SetupTwoFactorDocument,
  type SetupTwoFactorMutation,
} from '../generated/graphql';
import { Alert, Field, Page, useAction } from '../ui';

/** Starts a download of the recovery codes as a text file, made in the page (nothing is fetched). */
function downloadCodes(codes: string[]): void {
  const text = `Recovery codes for your account. Each works once in place of an authenticator code.\n\n${codes.join('\n')}\n`;
  const url = URL.createObjectURL(new Blob([text], { type: 'text/plain' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = 'recovery-codes.txt';
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function RecoveryCodes(props: { codes: string[]; onDone: () => void }) {
  return (
    <div class="secret" role="status">
      <p>
        <strong>Two-factor authentication is on.</strong> Save these recovery codes now: they are shown only this once.
        Each one signs you in once if you lose your authenticator.
      </p>
      <ul class="codes" aria-label="Recovery codes">
        {props.codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ul>
      <p class="actions">
        <button type="button" onClick={() => downloadCodes(props.codes)}>
          Download the codes (.txt)
        </button>
        <button type="button" onClick={props.onDone}>
          I have saved them
        </button>
      </p>
    </div>
  );
}

export function TwoFactorPage() {
  const [enabled, setEnabled] = useState<boolean>();
  const [setup, setSetup] = useState<SetupTwoFactorMutation['setupTwoFactor']>();
  const [code, setCode] = useState('');
  const [recovery, setRecovery] = useState<string[]>();
  const [message, setMessage] = useState<string>();
  const action = useAction();
  useEffect(() => void action.run(async () => setEnabled((await call(ProfileDocument)).me.twofaEnabled)), []);

  const submit = (work: () => Promise<void>) => (e: Event) => {
    e.preventDefault();
    setMessage(undefined);
    void action.run(work);
  };

  let body;
  if (recovery) {
    body = <RecoveryCodes codes={recovery} onDone={() => setRecovery(undefined)} />;
  } else if (enabled === undefined) {
    body = null;
  } else if (enabled) {
    body = (
      <form
        onSubmit={submit(async () => {
          await call(DisableTwoFactorDocument, { code: code.trim() });
          setCode('');
          setEnabled(false);
          setMessage('Two-factor authentication is off. Your other sessions were signed out.');
        })}
      >
        <p>Two-factor authentication is on: signing in asks for a code from your authenticator app.</p>
        <h2>Turn it off</h2>
        <Field
          id="disable-code"
          label="Code from your authenticator app (or a recovery code)"
          autoComplete="one-time-code"
          value={code}
          onInput={setCode}
        />
        <button type="submit" disabled={action.busy}>
          Turn two-factor off
        </button>
      </form>
    );
  } else if (!setup) {
    body = (
      <>
        <p>
          Two-factor authentication is off. With it on, signing in also asks for a six-digit code from an authenticator
          app on your phone.
        </p>
        <button
          type="button"
          disabled={action.busy}
          onClick={() => void action.run(async () => setSetup((await call(SetupTwoFactorDocument)).setupTwoFactor))}
        >
          Set up two-factor authentication
        </button>
      </>
    );
  } else {
    body = (
      <form
        onSubmit={submit(async () => {
          const { enableTwoFactor } = await call(EnableTwoFactorDocument, { code: code.trim() });
          setCode('');
          setSetup(undefined);
          setEnabled(true);
          setRecovery(enableTwoFactor.recoveryCodes);
        })}
      >
        <ol>
          <li>Scan this code with your authenticator app.</li>
          <li>Type the six-digit code the app shows, to confirm.</li>
        </ol>
        <QrCode text={setup.uri} label="QR code for your authenticator app" />
        <details>
          <summary>Cannot scan? Type the key instead</summary>
          <p>
            Key: <code id="twofa-secret">{setup.secret}</code>
          </p>
          <p>
            Setup link: <code id="twofa-uri">{setup.uri}</code>
          </p>
        </details>
        <Field
          id="enable-code"
          label="Code from your authenticator app"
          autoComplete="one-time-code"
          value={code}
          onInput={setCode}
        />
        <button type="submit" disabled={action.busy}>
          Turn two-factor on
        </button>
      </form>
    );
  }
  return (
    <Page title="Two-factor authentication">
      <Alert kind="ok">{message}</Alert>
      <Alert kind="error">{action.error}</Alert>
      {body}
    </Page>
  );
}
