// Starts the vendored Swagger UI on /api/v1/docs (no inline script: see core/api_docs.html).
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("swagger-settings").textContent);
  var csrf = document.body.dataset.csrfToken;
  config.dom_id = "#swagger-ui";
  config.presets = [SwaggerUIBundle.presets.apis];
  // "Try it out" with the signed-in session: unsafe methods need the CSRF token.
  config.requestInterceptor = function (req) {
    if (csrf) { req.headers["X-CSRFToken"] = csrf; }
    return req;
  };
  window.ui = SwaggerUIBundle(config);
})();
