'use client';

import { useRouter } from 'next/navigation';
import { Button } from '@/components/ui/button';
import { FormMessage } from '@/components/ui/form-message';
import { Input, Textarea } from '@/components/ui/input';
import { useFormAction } from '@/components/ui/use-form-action';
import { formText } from '@/lib/form-text';
import { setIncidentPublicFace } from '../comms/actions';

/** The incident as the public sees it: its own title and summary, never the internal document's. */
export function CommsPublicFace({
  incidentId,
  publicTitle,
  publicSummary,
}: {
  incidentId: string;
  publicTitle: string;
  publicSummary: string;
}) {
  const router = useRouter();
  const { formAction, pending, error, result, values } = useFormAction(
    (fd) =>
      setIncidentPublicFace({
        incidentId,
        publicTitle: formText(fd, 'publicTitle'),
        publicSummary: formText(fd, 'publicSummary'),
      }),
    () => router.refresh(),
  );
  return (
    <form aria-label="Public title and summary" action={formAction} className="space-y-1.5">
      <h3 className="text-xs font-semibold uppercase text-slate-500">What the public sees</h3>
      <Input
        name="publicTitle"
        aria-label="Public title"
        placeholder="e.g. Sign-in problems"
        size="sm"
        defaultValue={values.publicTitle ?? publicTitle}
        key={`t-${publicTitle}`}
      />
      <Textarea
        name="publicSummary"
        aria-label="Public summary"
        placeholder="The impact in plain words, e.g. Some customers cannot sign in."
        rows={2}
        size="sm"
        defaultValue={values.publicSummary ?? publicSummary}
        key={`s-${publicSummary}`}
      />
      <Button type="submit" size="sm" variant="secondary" disabled={pending}>
        Save public title and summary
      </Button>
      <FormMessage error={error} success={result?.ok ? 'Saved.' : null} />
    </form>
  );
}
