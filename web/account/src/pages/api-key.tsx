import { useEffect, useRef, useState } from 'preact/hooks';
import { call } from '../api';
import { ApiKeyDocument, RotateApiKeyDocument } from '../generated/graphql';
import { Alert, Page, useAction } from '../ui';

/** The GreenCloud API key: shown on request, rotated after a confirmation. */
export function ApiKeyPage() {
  const [key, setKey] = useState<string>();
  const [shown, setShown] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [rotated, setRotated] = useState(false);
  const [copied, setCopied] = useState(false);
  const action = useAction();
  // The Rotate button goes away when the question appears: keyboard focus moves to its answers.
  const cancel = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (confirming) cancel.current?.focus();
  }, [confirming]);
  useEffect(() => void action.run(async () => setKey((await call(ApiKeyDocument)).me.apiKey)), []);
  return (
    <Page title="GreenCloud API key">
      <p>
        Programs that speak GreenCloud's API sign in with this key in place of your password. Treat it like a password.
      </p>
      <Alert kind="error">{action.error}</Alert>
      {rotated && (
        <Alert kind="ok">The key is replaced. The old key and every session made from it stopped working.</Alert>
      )}
      {key && (
        <>
          <p>
            Your key:{' '}
            {shown ? (
              <code id="api-key">{key}</code>
            ) : (
              <>
                <span aria-hidden="true">••••••••-••••-••••-••••-••••••••••••</span>
                <span class="visually-hidden">hidden</span>
              </>
            )}
          </p>
          <p class="actions">
            <button type="button" aria-pressed={shown} onClick={() => setShown(!shown)}>
              {shown ? 'Hide the key' : 'Show the key'}
            </button>
            <button
              type="button"
              onClick={() =>
                void navigator.clipboard?.writeText(key).then(
                  () => setCopied(true),
                  () => setCopied(false),
                )
              }
            >
              {copied ? 'Copied' : 'Copy the key'}
            </button>
          </p>
          <h2>Rotate the key</h2>
          <p>
            Rotating gives you a new key at once. The old key stops working, and so does every session made from it
            (programs signed in with the old key are signed out). Sessions signed in with your password stay.
          </p>
          {confirming ? (
            <div class="secret" role="group" aria-labelledby="confirm-rotate">
              <p id="confirm-rotate">
                <strong>Replace the key now?</strong> Programs using the old key need the new one.
              </p>
              <p class="actions">
                <button
                  type="button"
                  disabled={action.busy}
                  onClick={() =>
                    void action.run(async () => {
                      setKey((await call(RotateApiKeyDocument)).rotateApiKey.apiKey);
                      setConfirming(false);
                      setCopied(false);
                      setShown(true);
                      setRotated(true);
                    })
                  }
                >
                  Yes, rotate the key
                </button>
                <button type="button" class="secondary" ref={cancel} onClick={() => setConfirming(false)}>
                  Cancel
                </button>
              </p>
            </div>
          ) : (
            <button
              type="button"
              onClick={() => {
                setRotated(false);
                setConfirming(true);
              }}
            >
              Rotate the key…
            </button>
          )}
        </>
      )}
    </Page>
  );
}
