// The pin page's two report forms ("This is AI" / "This is not AI"): plain posts, no JavaScript,
// each with the pin's signed token. After a report, the visitor's own view follows it.
export interface ReportFormsProps {
  /** `/pin/ID/report`. */
  action: string;
  token: string;
  /** What this visitor already reported for the pin, if anything. */
  said: 'ai' | 'not-ai' | null;
}

export function ReportForms({ action, token, said }: ReportFormsProps) {
  return (
    <section class="pin-report" aria-labelledby="report-title">
      <h2 id="report-title">Report</h2>
      {said ? (
        <p class="pin-report__done" role="status">
          You reported this pin as {said === 'ai' ? 'AI-generated' : 'not AI-generated'}. You see it that way now; an admin of this
          instance will decide for everyone.
        </p>
      ) : (
        <p>Does the AI check get this pin wrong? Tell the admin of this instance. Reports carry nothing about you.</p>
      )}
      <div class="pin-report__forms">
        <form method="post" action={action}>
          <input type="hidden" name="token" value={token} />
          <input type="hidden" name="verdict" value="ai" />
          <button type="submit">This is AI</button>
        </form>
        <form method="post" action={action}>
          <input type="hidden" name="token" value={token} />
          <input type="hidden" name="verdict" value="not-ai" />
          <button type="submit">This is not AI</button>
        </form>
      </div>
    </section>
  );
}
