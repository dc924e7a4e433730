import type { ComponentProps, ReactNode } from 'react';

/**
 * Text inputs, selects and textareas look the same everywhere; `size` is
 * the only knob: `md` for stacked forms, `sm` for inline ones, `xs` inside a
 * dense list (a checklist item's details). `aria-invalid` turns the border red.
 */
const SIZES = {
  xs: 'rounded px-1.5 py-0.5 text-xs',
  sm: 'rounded-md px-2 py-1 text-sm',
  md: 'rounded-md px-2.5 py-1.5 text-sm',
};
type Size = keyof typeof SIZES;
type Sizing = { size?: Size; fullWidth?: boolean };

export function controlClass({ size = 'md', fullWidth = true }: Sizing = {}, extra = ''): string {
  return [
    'border border-slate-300 bg-white dark:border-slate-700 dark:bg-slate-950',
    'aria-[invalid=true]:border-rose-500',
    SIZES[size],
    fullWidth ? 'w-full' : '',
    extra,
  ]
    .filter(Boolean)
    .join(' ');
}

export function Input({ size, fullWidth, className, ...props }: Omit<ComponentProps<'input'>, 'size'> & Sizing) {
  return <input {...props} className={controlClass({ size, fullWidth }, className)} />;
}

export function Select({ size, fullWidth, className, ...props }: Omit<ComponentProps<'select'>, 'size'> & Sizing) {
  return <select {...props} className={controlClass({ size, fullWidth }, className)} />;
}

export function Textarea({ size, fullWidth, className, ...props }: ComponentProps<'textarea'> & Sizing) {
  return <textarea {...props} className={controlClass({ size, fullWidth }, className)} />;
}

/** A field's own error messages (zod fieldErrors), under the control. */
export function FieldError({ name, messages }: { name: string; messages?: string[] }) {
  if (!messages?.length) return null;
  return (
    <span data-testid={`field-error-${name}`} className="mt-0.5 block text-xs text-rose-600 dark:text-rose-400">
      {messages.join(' ')}
    </span>
  );
}

/**
 * Label + control + its errors. The control goes inside the <label>, so it
 * is labelled without ids: `<Field label="Email"><Input name="email" /></Field>`.
 */
export function Field({
  label,
  name,
  errors,
  className = '',
  children,
}: {
  label: ReactNode;
  /** The form field's name, to pick its messages out of `errors`. */
  name?: string;
  errors?: Record<string, string[]>;
  className?: string;
  children: ReactNode;
}) {
  return (
    <label className={`block ${className}`}>
      <span className="text-xs font-medium text-slate-500 dark:text-slate-400">{label}</span>
      <span className="mt-1 block">{children}</span>
      {name && <FieldError name={name} messages={errors?.[name]} />}
    </label>
  );
}
