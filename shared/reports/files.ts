/** Report files in S3: upload with their checksum, and presigned download links (15 minutes at most). */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { clients } from '../store/clients.ts';
import type { ReportFile } from './store.ts';

/** Presigned links never live longer than this. */
export const DOWNLOAD_LINK_SECONDS = 900;

export const reportPrefix = (period: string, runId: string) => `reports/${period}/${runId}/`;

const sha256OfFile = (file: string) =>
  new Promise<string>((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(file)
      .on('data', (chunk) => hash.update(chunk))
      .on('end', () => resolve(hash.digest('hex')))
      .on('error', reject);
  });

export const sha256Of = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

type Uploaded = Omit<ReportFile, 'name'>;

/** One object with its checksum in the metadata. */
const put = async (
  key: string,
  body: Buffer | Readable,
  size: number,
  sha256: string,
  contentType: string,
): Promise<Uploaded> => {
  const { s3, config } = clients();
  await s3.send(
    new PutObjectCommand({
      Bucket: config.REPORT_BUCKET,
      Key: key,
      Body: body,
      ContentLength: size,
      ContentType: contentType,
      Metadata: { sha256 },
    }),
  );
  return { key, size, sha256, contentType };
};

/** A file written on disk (the workbook), streamed to S3. */
export const uploadFile = async (key: string, file: string, contentType: string): Promise<Uploaded> => {
  const [{ size }, sha256] = await Promise.all([stat(file), sha256OfFile(file)]);
  return put(key, createReadStream(file), size, sha256, contentType);
};

/** A small text (JSON report, manifest). */
export const uploadBytes = async (key: string, body: string, contentType: string): Promise<Uploaded> => {
  const bytes = Buffer.from(body, 'utf8');
  return put(key, bytes, bytes.length, sha256Of(bytes), contentType);
};

export const downloadLink = async (file: ReportFile, seconds = DOWNLOAD_LINK_SECONDS): Promise<string> => {
  const { s3, config } = clients();
  return getSignedUrl(
    s3,
    new GetObjectCommand({
      Bucket: config.REPORT_BUCKET,
      Key: file.key,
      ResponseContentDisposition: `attachment; filename="${file.name}"`,
    }),
    { expiresIn: Math.min(seconds, DOWNLOAD_LINK_SECONDS) },
  );
};
