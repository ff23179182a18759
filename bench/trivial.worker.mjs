/** The benchmark's floor: a Worker that answers at once, with no binding, no log line. */
export default {
  fetch() {
    return new Response('ok');
  },
};
