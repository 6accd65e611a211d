import { html, type TemplateResult } from 'lit';
import { formatTime } from '../format';
import { gql } from '../api';
import { AuditPageDocument } from '../generated/graphql';

/* The audit log. */

export async function auditView(): Promise<TemplateResult> {
  const { auditLog } = await gql(AuditPageDocument);
  return html` <h1>Audit log</h1>
    <section class="card">
      <table>
        <thead>
          <tr>
            <th>When</th>
            <th>Who</th>
            <th>What</th>
            <th>Target</th>
            <th>From</th>
          </tr>
        </thead>
        <tbody>
          ${auditLog.map(
            (e) =>
              html`<tr>
                <td>${formatTime(e.at)}</td>
                <td>${e.actor}</td>
                <td><code>${e.action}</code></td>
                <td>${e.target ?? ''}</td>
                <td>${e.ip ?? ''}</td>
              </tr>`,
          )}
        </tbody>
      </table>
    </section>`;
}
