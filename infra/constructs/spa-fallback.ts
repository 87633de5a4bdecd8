/**
 * CloudFront Function (viewer request) for the dashboard's default behaviour: a path whose
 * last segment has no file extension is a client-side route, so it is served index.html.
 * Done per request rather than with distribution-wide error responses, which would also
 * turn the API's own 403s and 404s into an HTML page. Plain ES5.1-style code on purpose:
 * it runs in the cloudfront-js-2.0 runtime and the tests evaluate this same text.
 */
export const SPA_FALLBACK_SOURCE = `function handler(event) {
  var request = event.request;
  var last = request.uri.substring(request.uri.lastIndexOf('/') + 1);
  if (last.indexOf('.') === -1) {
    request.uri = '/index.html';
  }
  return request;
}`;
