/** CDK entry point (`cdk.json` → app). Stage from context: `npx cdk synth -c stage=prod`. */
import { buildApp } from '../infra/app.ts';

buildApp().app.synth();
