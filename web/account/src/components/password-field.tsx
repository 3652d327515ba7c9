import { useEffect, useState } from 'preact/hooks';
import {
  PASSWORD_MIN_LENGTH as MIN_LENGTH,
  PASSWORD_MIN_SCORE as MIN_SCORE,
  PASSWORD_SPECIALS as SPECIALS,
} from '../../../../src/modules/auth/password-rules.js';
import type { Strength } from '../password-strength';

// The service's rule: 8+ characters, one of !@#$%&*, not the email, and zxcvbn score >= 3, from
// the service's own files. The server still decides; these hints only say it early.

let loading: Promise<typeof import('../password-strength')> | undefined;

/** zxcvbn's verdict for `password`, computed in the page; undefined while the chunk loads. */
function useStrength(password: string, email: string | undefined): Strength | undefined {
  const [result, setResult] = useState<{ password: string; strength: Strength }>();
  useEffect(() => {
    if (!password) return;
    let stale = false;
    // A short pause after the last key: zxcvbn takes a few milliseconds per call.
    const timer = setTimeout(() => {
      loading ??= import('../password-strength');
      void loading.then((module) => {
        if (!stale) setResult({ password, strength: module.strength(password, email) });
      });
    }, 150);
    return () => {
      stale = true;
      clearTimeout(timer);
    };
  }, [password, email]);
  return result?.password === password ? result.strength : undefined;
}

function Rule(props: { ok: boolean; children: string }) {
  return (
    <li class={props.ok ? 'ok' : 'todo'}>
      <span aria-hidden="true">{props.ok ? '✓' : '•'}</span> {props.children}
      <span class="visually-hidden">{props.ok ? ' (done)' : ' (not yet)'}</span>
    </li>
  );
}

/** A new-password input with the policy's hints updated as the person types. */
export function PasswordField(props: {
  id: string;
  label: string;
  value: string;
  onInput: (value: string) => void;
  email?: string;
}) {
  const password = props.value;
  const found = useStrength(password, props.email);
  const notEmail = !props.email || password.toLowerCase() !== props.email.trim().toLowerCase();
  let verdict = '';
  if (password && !found) verdict = 'Checking how easy it is to guess…';
  else if (found && found.score < MIN_SCORE) verdict = `Too easy to guess. ${found.feedback}`.trim();
  else if (found) verdict = 'Hard enough to guess.';
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      <input
        id={props.id}
        name={props.id}
        type="password"
        value={password}
        required
        autoComplete="new-password"
        aria-describedby={`${props.id}-rules ${props.id}-verdict`}
        onInput={(e) => props.onInput((e.target as HTMLInputElement).value)}
      />
      <ul id={`${props.id}-rules`} class="rules">
        <Rule ok={password.length >= MIN_LENGTH}>At least 8 characters</Rule>
        <Rule ok={SPECIALS.test(password)}>One of ! @ # $ % & *</Rule>
        {props.email !== undefined && <Rule ok={password !== '' && notEmail}>Not your email address</Rule>}
      </ul>
      <p
        id={`${props.id}-verdict`}
        class={`hint ${found ? (found.score >= MIN_SCORE ? 'strong' : 'weak') : ''}`}
        aria-live="polite"
        data-score={found?.score}
      >
        {password ? verdict : 'A long passphrase of unrelated words is strongest.'}
      </p>
    </div>
  );
}
