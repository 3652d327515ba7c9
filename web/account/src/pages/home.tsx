import { useEffect, useState } from 'preact/hooks';
import { call, errorText } from '../api';
import { ProfileDocument, type ProfileQuery } from '../generated/graphql';
import { Alert, Page } from '../ui';

export function HomePage() {
  const [me, setMe] = useState<ProfileQuery['me']>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    call(ProfileDocument).then(
      (data) => setMe(data.me),
      (e) => setError(errorText(e)),
    );
  }, []);
  return (
    <Page title="Your account">
      <Alert kind="error">{error}</Alert>
      {me && (
        <dl>
          <dt>Name</dt>
          <dd>{me.displayName}</dd>
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
    </Page>
  );
}
