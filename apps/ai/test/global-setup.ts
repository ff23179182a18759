/** Starts the fake OpenAI server (Node side) and hands its URL to the tests in workerd. */
import type { TestProject } from 'vitest/node';
import { startFakeOpenAi } from './fake-openai';

export default async function setup(project: TestProject) {
  const fake = await startFakeOpenAi();
  project.provide('fakeOpenAiUrl', fake.url);
  return () => fake.close();
}

declare module 'vitest' {
  export interface ProvidedContext {
    fakeOpenAiUrl: string;
  }
}
