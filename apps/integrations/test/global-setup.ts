/** Starts the providers' local servers (port 0) and hands their URLs to the tests. */
import { startFakeJobBoards, startFakeLinkedIn, startFakeSendGrid } from '@jobmatch/test-support/fake-providers';
import type { TestProject } from 'vitest/node';

export default async function setup(project: TestProject) {
  const [linkedIn, sendGrid, boards] = await Promise.all([startFakeLinkedIn(), startFakeSendGrid(), startFakeJobBoards()]);
  project.provide('fakes', { linkedIn: { ...linkedIn.vars, logUrl: linkedIn.logUrl }, sendGridUrl: sendGrid.url, boardsUrl: boards.url });
  return async () => {
    await Promise.all([linkedIn.stop(), sendGrid.stop(), boards.stop()]);
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    fakes: {
      linkedIn: { LINKEDIN_AUTHORIZATION_URL: string; LINKEDIN_TOKEN_URL: string; LINKEDIN_USERINFO_URL: string; logUrl: string };
      sendGridUrl: string;
      boardsUrl: string;
    };
  }
}
