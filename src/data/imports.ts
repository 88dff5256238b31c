import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ApiError, getJson, notifyUnauthorized, sendJson } from '../lib/api';
import { problemSchema } from '../shared/http/problem';
import type {
  ImportCommitBody,
  ImportOptions,
  ImportPreview,
  ImportReport,
  ImportValidateBody,
} from '../shared/gis/gis-import';
import { dashboardKeys } from './dashboard';
import { zoneKeys } from './zones';

/** The answers of the import routes are built by this server's own shared types: taken as they are. */
const asIs = <T>() => ({ parse: (value: unknown) => value as T });

/** Upload the file (or a Shapefile's parts) with progress (XMLHttpRequest: fetch cannot report it). */
export function uploadImport(files: File[], onProgress: (share: number) => void): Promise<ImportPreview> {
  const form = new FormData();
  for (const file of files) form.append('file', file, file.name);
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/imports');
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    };
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = null;
      }
      if (xhr.status === 201 && body) {
        resolve(body as ImportPreview);
        return;
      }
      if (xhr.status === 401) notifyUnauthorized();
      const problem = problemSchema.safeParse(body);
      reject(new ApiError(xhr.status, problem.success ? problem.data : null));
    };
    xhr.onerror = () => reject(new ApiError(0, null));
    xhr.send(form);
  });
}

export function previewUrl(id: string, options: ImportOptions): string {
  const search = new URLSearchParams();
  if (options.encoding) search.set('encoding', options.encoding);
  if (options.crs) search.set('crs', options.crs);
  if (options.gcj02) search.set('gcj02', 'true');
  if (options.layer) search.set('layer', options.layer);
  return `/api/imports/${encodeURIComponent(id)}/preview?${search.toString()}`;
}

export const fetchPreview = (id: string, options: ImportOptions, signal?: AbortSignal) =>
  getJson(previewUrl(id, options), asIs<ImportPreview>(), signal);

export async function validateImport(id: string, body: ImportValidateBody): Promise<ImportReport> {
  const { data } = await sendJson(
    'POST',
    `/api/imports/${encodeURIComponent(id)}/validate`,
    body,
    asIs<ImportReport>(),
  );
  return data!;
}

export interface CommitAnswer {
  created: number;
  zoneIds: string[];
  skipped: number;
  excluded: number;
}

export async function commitImport(id: string, body: ImportCommitBody): Promise<CommitAnswer> {
  const { data } = await sendJson('POST', `/api/imports/${encodeURIComponent(id)}/commit`, body, asIs<CommitAnswer>());
  return data!;
}

export async function discardImport(id: string): Promise<void> {
  await sendJson('DELETE', `/api/imports/${encodeURIComponent(id)}`, undefined, null);
}

/** A report that came back with a 422 (one invalid feature refuses the whole import). */
export function reportOfError(error: unknown): ImportReport | null {
  if (!(error instanceof ApiError)) return null;
  // The 422's `report` member (shared/http/problem.ts) is this resource's ImportReport.
  return (error.problem?.report as ImportReport | undefined) ?? null;
}

// The import page's steps as mutations: their pending and error state is the page's busy and error state.

export const useUploadImport = () =>
  useMutation({
    mutationFn: ({ files, onProgress }: { files: File[]; onProgress(share: number): void }) =>
      uploadImport(files, onProgress),
  });

/** Read the upload again with other options (encoding, coordinate system, layer). */
export const useImportPreview = () =>
  useMutation({ mutationFn: ({ id, options }: { id: string; options: ImportOptions }) => fetchPreview(id, options) });

export const useValidateImport = () =>
  useMutation({ mutationFn: ({ id, body }: { id: string; body: ImportValidateBody }) => validateImport(id, body) });

/** Import the valid chosen features; the map, the list and the dashboard figures then show the new zones. */
export function useCommitImport() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: ImportCommitBody }) => commitImport(id, body),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: zoneKeys.all });
      await client.invalidateQueries({ queryKey: dashboardKeys.all });
    },
  });
}
