import { Component, type ErrorInfo, type ReactNode } from 'react';
import { api } from '../api-client/api-client';

// One render error must never leave a citizen in front of a blank screen: the boundary
// reports it to the core's log (the message and where, never the screen's data) and hands
// control back, which ends the session and shows the attract screen.

/** Sends a render error to the core's log; a failure to report is itself not an error to show. */
export function reportRenderError(error: unknown, info?: ErrorInfo): void {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  const where = info?.componentStack?.trim().split('\n')[0]?.trim() ?? '';
  void api.system.reportRenderError.mutate({ message: message.slice(0, 300), where: where.slice(0, 200) }).catch(() => undefined);
}

interface Props {
  /** Called once the error is reported: end the session, show the attract screen. */
  readonly onRecover: () => void;
  readonly children: ReactNode;
}

export class ErrorBoundary extends Component<Props, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    reportRenderError(error, info);
    this.props.onRecover();
  }

  override render(): ReactNode {
    return this.state.failed ? null : this.props.children;
  }
}
