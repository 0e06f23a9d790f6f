import { useEffect, useRef } from 'preact/hooks';

/** A step's heading; takes focus when the step appears so screen readers announce the new step. */
export function StepHeading({ children }: { children: string }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <h2 ref={ref} tabIndex={-1} class="acct-step-heading">
      {children}
    </h2>
  );
}
