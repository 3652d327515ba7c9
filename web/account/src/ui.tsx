import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { errorText } from './api';

/** A labelled input: every field has a visible label tied to it by id. */
export function Field(props: {
  id: string;
  label: string;
  type?: string;
  value: string;
  onInput: (value: string) => void;
  autoComplete?: string;
  required?: boolean;
  hint?: string;
}) {
  const hintId = props.hint ? `${props.id}-hint` : undefined;
  return (
    <p class="field">
      <label for={props.id}>{props.label}</label>
      <input
        id={props.id}
        name={props.id}
        type={props.type ?? 'text'}
        value={props.value}
        required={props.required ?? true}
        autoComplete={props.autoComplete}
        aria-describedby={hintId}
        onInput={(e) => props.onInput((e.target as HTMLInputElement).value)}
      />
      {props.hint && (
        <small id={hintId} class="hint">
          {props.hint}
        </small>
      )}
    </p>
  );
}

/** Runs an async action, remembering whether it is busy and the error it failed with. */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  async function run(action: () => Promise<void>): Promise<void> {
    setBusy(true);
    setError(undefined);
    try {
      await action();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }
  return { busy, error, run, setError };
}

export function Alert(props: { kind: 'error' | 'ok'; children: ComponentChildren }) {
  if (!props.children) return null;
  return (
    <p class={`alert ${props.kind}`} role={props.kind === 'error' ? 'alert' : 'status'}>
      {props.children}
    </p>
  );
}

export function Page(props: { title: string; children: ComponentChildren }) {
  document.title = `${props.title} · Your account`;
  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title">{props.title}</h1>
      {props.children}
    </section>
  );
}
