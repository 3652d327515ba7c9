import { useEffect, useState } from 'preact/hooks';
import { call } from '../api';
import { ProfileDocument, UpdateProfileDocument, type ProfileQuery } from '../generated/graphql';
import { Alert, Field, Page, useAction } from '../ui';

type Me = ProfileQuery['me'];
type AddressKey = keyof Omit<Me['address'], '__typename'>;

const NAME_FIELDS = [
  ['name', 'First name', 'given-name'],
  ['surname', 'Last name', 'family-name'],
  ['displayName', 'Display name', 'nickname'],
] as const;

const ADDRESS_FIELDS: readonly (readonly [AddressKey, string, string])[] = [
  ['company', 'Company', 'organization'],
  ['street', 'Street and number', 'street-address'],
  ['postCode', 'Post code', 'postal-code'],
  ['city', 'City', 'address-level2'],
  ['district', 'District', 'address-level3'],
  ['state', 'State or region', 'address-level1'],
  ['country', 'Country', 'country-name'],
];

/** Only what the person changed: the API keeps fields left out (and relinks displayName then). */
function changes(before: Me, after: Me) {
  const input: Record<string, unknown> = {};
  for (const [key] of NAME_FIELDS) if (after[key] !== before[key]) input[key] = after[key];
  const address: Record<string, string> = {};
  for (const [key] of ADDRESS_FIELDS) if (after.address[key] !== before.address[key]) address[key] = after.address[key];
  if (Object.keys(address).length) input.address = address;
  return input;
}

export function HomePage() {
  const [me, setMe] = useState<Me>();
  const [draft, setDraft] = useState<Me>();
  const [saved, setSaved] = useState(false);
  const action = useAction();
  const load = async () => {
    const data = await call(ProfileDocument);
    setMe(data.me);
    setDraft(data.me);
  };
  useEffect(() => void action.run(load), []);
  return (
    <Page title="Your account">
      {me && (
        <dl>
          <dt>Email</dt>
          <dd>{me.email}</dd>
          <dt>User id</dt>
          <dd>
            <code>{me.id}</code>
          </dd>
          <dt>Two-factor authentication</dt>
          <dd>{me.twofaEnabled ? 'on' : 'off'}</dd>
          <dt>Member since</dt>
          <dd>{new Date(me.createdAt).toLocaleDateString()}</dd>
        </dl>
      )}
      {me && draft && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            setSaved(false);
            const input = changes(me, draft);
            void action.run(async () => {
              if (Object.keys(input).length) await call(UpdateProfileDocument, { input });
              await load();
              setSaved(true);
            });
          }}
        >
          <h2>Profile</h2>
          {NAME_FIELDS.map(([key, label, autoComplete]) => (
            <Field
              key={key}
              id={key}
              label={label}
              autoComplete={autoComplete}
              required={false}
              value={draft[key]}
              onInput={(value) => setDraft({ ...draft, [key]: value })}
            />
          ))}
          <fieldset>
            <legend>Address</legend>
            {ADDRESS_FIELDS.map(([key, label, autoComplete]) => (
              <Field
                key={key}
                id={`address-${key}`}
                label={label}
                autoComplete={autoComplete}
                required={false}
                value={draft.address[key]}
                onInput={(value) => setDraft({ ...draft, address: { ...draft.address, [key]: value } })}
              />
            ))}
          </fieldset>
          {saved && <Alert kind="ok">Your profile is saved.</Alert>}
          <Alert kind="error">{action.error}</Alert>
          <button type="submit" disabled={action.busy}>
            Save the profile
          </button>
        </form>
      )}
      {!me && <Alert kind="error">{action.error}</Alert>}
    </Page>
  );
}
