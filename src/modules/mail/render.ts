import type { MailMessage } from './mailer.js';

/** One mail in one language: `{{name}}` placeholders, HTML-escaped in `html`; `{{{name}}}` inserts a fragment the caller escaped. */
export interface MailTemplate {
  subject: string;
  text: string;
  html: string;
}

export type MailValues = Record<string, string>;

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function fill(template: string, values: MailValues, escape: (value: string) => string): string {
  return template.replace(/\{\{(\{?)(\w+)\}?\}\}/g, (_match, raw: string, name: string) => {
    const value = values[name];
    // A typo in a template must fail the first test that sends it, not mail "undefined".
    if (value === undefined) throw new Error(`mail template placeholder {{${name}}} has no value`);
    return raw ? value : escape(value);
  });
}

export function renderMail(to: string, template: MailTemplate, values: MailValues): MailMessage {
  return {
    to,
    subject: fill(template.subject, values, (v) => v),
    text: fill(template.text, values, (v) => v),
    html: layout(fill(template.html, values, escapeHtml)),
  };
}

// Inline styles only: most mail clients drop <style> blocks and never load external sheets.
function layout(body: string): string {
  return [
    '<!doctype html>',
    '<html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">',
    '</head><body style="font-family:system-ui,sans-serif;line-height:1.5;color:#1a1a1a;max-width:36em;margin:0 auto;padding:1em">',
    body,
    '</body></html>',
  ].join('\n');
}
