/** CDK entry point (`cdk.json` → app). Stage from context: `npx cdk synth -c stage=prod`. */
import { buildApp } from '../infra/app.ts';
import { ensureWebBuild } from '../web/build.ts';

// The Web construct deploys web/dist: build it first when missing or stale (log on stderr, not in cdk's output).
await ensureWebBuild((line) => console.error(line));
buildApp().app.synth();
