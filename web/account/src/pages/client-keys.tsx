import { useEffect, useState } from 'preact/hooks';
import { call } from '../api';
import {
  ClientKeysDocument,
  CreateClientKeyDocument,
  DeleteClientKeyDocument,
  type ClientKeysQuery,
  type CreateClientKeyMutation,
} from '../generated/graphql';
import { Alert, Page, useAction } from '../ui';

/** Client keys for programs; the secret is shown once, right after creation. */
export function ClientKeysPage() {
  const [keys, setKeys] = useState<ClientKeysQuery['clientKeys']>([]);
  const [created, setCreated] = useState<CreateClientKeyMutation['createClientKey']>();
  const [copied, setCopied] = useState(false);
  const action = useAction();
  const reload = async () => setKeys((await call(ClientKeysDocument)).clientKeys);
  useEffect(() => void action.run(reload), []);
  return (
    <Page title="Client keys">
      <p>A client key lets a program get its own short-lived tokens without your password.</p>
      <Alert kind="error">{action.error}</Alert>
      {created && (
        <div class="secret" role="status">
          <p>
            <strong>Copy the secret now: it is shown only this once.</strong>
          </p>
          <p>
            Client id: <code id="new-client-id">{created.clientId}</code>
          </p>
          <p>
            Client secret: <code id="new-client-secret">{created.clientSecret}</code>
          </p>
          <button
            type="button"
            onClick={() =>
              void navigator.clipboard?.writeText(created.clientSecret).then(
                () => setCopied(true),
                () => setCopied(false),
              )
            }
          >
            {copied ? 'Copied' : 'Copy the secret'}
          </button>
        </div>
      )}
      <button
        type="button"
        disabled={action.busy}
        onClick={() =>
          void action.run(async () => {
            setCopied(false);
            setCreated((await call(CreateClientKeyDocument)).createClientKey);
            await reload();
          })
        }
      >
        Create a client key
      </button>
      <h2>Your keys</h2>
      {keys.length === 0 ? (
        <p>No client keys.</p>
      ) : (
        <ul class="cards">
          {keys.map((key) => (
            <li key={key.id}>
              <p>
                <code>{key.id}</code>
                <br />
                created {new Date(key.createdAt).toLocaleString()},{' '}
                {key.lastUsedAt ? `last used ${new Date(key.lastUsedAt).toLocaleString()}` : 'never used'}
              </p>
              <button
                type="button"
                aria-label={`Delete the client key ${key.id}`}
                disabled={action.busy}
                onClick={() =>
                  void action.run(async () => {
                    await call(DeleteClientKeyDocument, { id: key.id });
                    if (created?.clientId === key.id) setCreated(undefined);
                    await reload();
                  })
                }
              >
                Delete
              </button>
            </li>
          ))}
        </ul>
      )}
    </Page>
  );
}
