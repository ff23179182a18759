/**
 * SendGrid v3 Mail Send (POST {SENDGRID_API_URL}/v3/mail/send): success is 202 with an empty
 * body and the message id in X-Message-Id; a refusal is {errors: [{message, field, help}]}.
 */
import { ApiError } from '@jobmatch/shared-middleware';
import type { IntegrationsEnv } from '../env';
import { baseUrl, fetchExternal, parseJson, type ExternalAnswer } from '../http';

export const SENDGRID_DEFAULT_URL = 'https://api.sendgrid.com';

export interface MailAddress {
  email: string;
  name?: string;
}

export interface OutgoingMail {
  to: MailAddress;
  replyTo?: MailAddress;
  subject: string;
  text: string;
  html: string;
  /** Echoed by SendGrid's event webhook: ties events to our email_history row. */
  customArgs: Record<string, string>;
}

export interface SendGridConfig {
  apiKey: string;
  url: string;
  from: MailAddress;
}

/** 400 EMAIL_NOT_CONFIGURED without a key or sender (nothing is sent or recorded then). */
export function sendGridConfig(env: IntegrationsEnv): SendGridConfig {
  const apiKey = env.SENDGRID_API_KEY?.trim();
  const from = env.EMAIL_FROM?.trim();
  if (!apiKey || !from) {
    throw new ApiError(
      400,
      'EMAIL_NOT_CONFIGURED',
      `Email sending is not configured (missing ${!apiKey ? 'the SENDGRID_API_KEY secret' : 'EMAIL_FROM'})`,
    );
  }
  return {
    apiKey,
    url: `${baseUrl(env.SENDGRID_API_URL) ?? SENDGRID_DEFAULT_URL}/v3/mail/send`,
    from: { email: from, ...(env.EMAIL_FROM_NAME ? { name: env.EMAIL_FROM_NAME } : {}) },
  };
}

export type SendOutcome = { ok: true; messageId: string | null } | { ok: false; status: number | null; message: string };

export async function sendMail(config: SendGridConfig, mail: OutgoingMail): Promise<SendOutcome> {
  const payload = {
    personalizations: [{ to: [mail.to] }],
    from: config.from,
    ...(mail.replyTo ? { reply_to: mail.replyTo } : {}),
    subject: mail.subject,
    // SendGrid requires text/plain first, then text/html.
    content: [
      { type: 'text/plain', value: mail.text },
      { type: 'text/html', value: mail.html },
    ],
    custom_args: mail.customArgs,
  };
  let answer: ExternalAnswer;
  try {
    answer = await fetchExternal(config.url, {
      method: 'POST',
      headers: { Authorization: `Bearer ${config.apiKey}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(payload),
    });
  } catch (error) {
    return { ok: false, status: null, message: error instanceof Error ? error.message : String(error) };
  }
  if (answer.status === 202 || answer.status === 200) return { ok: true, messageId: answer.headers.get('X-Message-Id') };
  const body = parseJson(answer.text) as { errors?: { message?: unknown; field?: unknown }[] } | undefined;
  const first = Array.isArray(body?.errors) ? body.errors.find((e) => typeof e?.message === 'string') : undefined;
  const detail = first
    ? `${String(first.message)}${typeof first.field === 'string' && first.field ? ` (${first.field})` : ''}`
    : `HTTP ${answer.status}`;
  return { ok: false, status: answer.status, message: detail.slice(0, 500) };
}
