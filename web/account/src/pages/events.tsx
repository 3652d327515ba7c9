import { useEffect, useState } from 'preact/hooks';
import { call } from '../api';
import { EventsDocument, type EventsQuery, type EventsQueryVariables } from '../generated/graphql';
import { Alert, Field, Page, useAction } from '../ui';

const PAGE_SIZE = 20;

type Edge = EventsQuery['events']['edges'][number];
// No "service" filter: the service records every event under its own SERVICE_NAME, so in this
// app it could only match everything or nothing.
type Filters = { status: string; since: string; until: string };
const NO_FILTERS: Filters = { status: '', since: '', until: '' };

/** The form's values as the `events` field's arguments; times typed are local, sent as UTC. */
function variables(filters: Filters): EventsQueryVariables {
  const instant = (value: string) => (value ? new Date(value).toISOString() : null);
  return {
    first: PAGE_SIZE,
    status: filters.status ? Number(filters.status) : null,
    since: instant(filters.since),
    until: instant(filters.until),
  };
}

function describe(node: Edge['node']): string {
  const input = node.input as { method?: string; path?: string; operationName?: string };
  const what = [input.method, input.path].filter(Boolean).join(' ');
  return input.operationName ? `${what} (${input.operationName})` : what || node.service;
}

/** Your audit trail, newest first; forward paging by the last cursor ("Show more"). */
export function EventsPage() {
  const [form, setForm] = useState<Filters>(NO_FILTERS);
  const [applied, setApplied] = useState<Filters>(NO_FILTERS);
  const [edges, setEdges] = useState<Edge[]>();
  const [next, setNext] = useState<string | null>(null);
  const action = useAction();

  const load = (filters: Filters, after: string | null) =>
    action.run(async () => {
      const { events } = await call(EventsDocument, { ...variables(filters), after });
      setEdges((before) => (after ? [...(before ?? []), ...events.edges] : events.edges));
      setNext(events.pageInfo.hasNextPage ? (events.pageInfo.endCursor ?? null) : null);
      setApplied(filters);
    });
  useEffect(() => void load(NO_FILTERS, null), []);
  const set = (key: keyof Filters) => (value: string) => setForm({ ...form, [key]: value });

  return (
    <Page title="Activity">
      <p>Every call made with your credentials (this app, programs with your keys), newest first.</p>
      <form
        class="filters"
        onSubmit={(e) => {
          e.preventDefault();
          void load(form, null);
        }}
      >
        <Field
          id="filter-status"
          label="HTTP status"
          type="number"
          required={false}
          value={form.status}
          onInput={set('status')}
        />
        <Field
          id="filter-since"
          label="From (your local time)"
          type="datetime-local"
          required={false}
          value={form.since}
          onInput={set('since')}
        />
        <Field
          id="filter-until"
          label="Until (your local time)"
          type="datetime-local"
          required={false}
          value={form.until}
          onInput={set('until')}
        />
        <p class="actions">
          <button type="submit" disabled={action.busy}>
            Apply the filters
          </button>
          <button
            type="button"
            class="secondary"
            disabled={action.busy}
            onClick={() => {
              setForm(NO_FILTERS);
              void load(NO_FILTERS, null);
            }}
          >
            Clear
          </button>
        </p>
      </form>
      <Alert kind="error">{action.error}</Alert>
      {edges && (
        <p role="status">
          {edges.length === 0
            ? 'No activity matches.'
            : `Showing ${edges.length} event${edges.length === 1 ? '' : 's'}${next ? '; there are more' : ''}.`}
        </p>
      )}
      {edges && edges.length > 0 && (
        <ul class="cards events" aria-label="Events">
          {edges.map(({ node }) => (
            <li key={node.id}>
              <p>
                <strong>{describe(node)}</strong>
                <br />
                <time dateTime={node.createdAt}>{new Date(node.createdAt).toLocaleString()}</time> · status{' '}
                {node.output.httpStatusCode} · {node.output.bytesOut} bytes
              </p>
            </li>
          ))}
        </ul>
      )}
      {next && (
        <button type="button" disabled={action.busy} onClick={() => void load(applied, next)}>
          Show more
        </button>
      )}
    </Page>
  );
}
