/**
 * A workflow's run that has just begun (a case started a moment ago, or a kept case that continued as new on a
 * change) registers its handlers once its case is loaded: until then an update or a query finds none. `ask` is
 * tried again for a few seconds while `early(error)` says that is why it failed.
 */
export async function onceStarted<T>(ask: () => Promise<T>, early: (error: unknown) => boolean): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await ask();
    } catch (error) {
      if (!early(error) || attempt === 20) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}
