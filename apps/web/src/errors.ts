import { isTRPCClientError } from "@trpc/client";

export type FieldErrors = Record<string, string[]>;

type ErrorData = {
  code?: string;
  httpStatus?: number;
  fieldErrors: FieldErrors;
  formErrors: string[];
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

function toStringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : [];
}

/** Reads the server's error `data` without trusting its shape. */
function readErrorData(error: unknown): ErrorData | null {
  if (!isTRPCClientError(error)) return null;
  const data: unknown = error.data;
  if (!isRecord(data)) return null;

  const fieldErrors: FieldErrors = {};
  const zodError = data.zodError;
  let formErrors: string[] = [];
  if (isRecord(zodError)) {
    formErrors = toStringList(zodError.formErrors);
    if (isRecord(zodError.fieldErrors)) {
      for (const [field, messages] of Object.entries(zodError.fieldErrors)) {
        const list = toStringList(messages);
        if (list.length > 0) fieldErrors[field] = list;
      }
    }
  }

  return {
    code: typeof data.code === "string" ? data.code : undefined,
    httpStatus: typeof data.httpStatus === "number" ? data.httpStatus : undefined,
    fieldErrors,
    formErrors,
  };
}

export function isUnauthorized(error: unknown): boolean {
  return readErrorData(error)?.code === "UNAUTHORIZED";
}

export function isClientError(error: unknown): boolean {
  const status = readErrorData(error)?.httpStatus;
  return status !== undefined && status >= 400 && status < 500;
}

export function getFieldErrors(error: unknown): FieldErrors {
  return readErrorData(error)?.fieldErrors ?? {};
}

/** One human sentence for the top of a form or screen. */
export function describeError(error: unknown): string {
  const data = readErrorData(error);
  // No structured data means the request never got a tRPC answer
  // (server down, proxy error page, offline).
  if (!data) return "Could not reach Pulse. Check your connection and try again.";
  if (data.formErrors.length > 0) return data.formErrors.join(" ");
  // Zod's own message is a JSON dump; the fields show the details instead.
  if (Object.keys(data.fieldErrors).length > 0) {
    return "Please fix the highlighted fields.";
  }
  if (error instanceof Error && error.message) return error.message;
  return "Something went wrong. Please try again.";
}

export function isNotFound(error: unknown): boolean {
  return readErrorData(error)?.code === "NOT_FOUND";
}
