/** `npm run local-s3`: the entry point; all behaviour lives in `localS3Main` (cli/local-s3.ts). */
import { processIo } from './io.ts';
import { localS3Main } from './local-s3.ts';

process.exitCode = await localS3Main(process.argv.slice(2), processIo(), (stop) => {
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
});
