/** The bare Service Binding hop: forwards the request to the trivial Worker and returns its answer. */
export default {
  fetch(request, env) {
    return env.TRIVIAL.fetch(request);
  },
};
