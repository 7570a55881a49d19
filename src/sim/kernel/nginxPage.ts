/**
 * What nginx 1.27.2 serves at / out of the box: /usr/share/nginx/html/index.html, as its
 * source tree has it (docs/html/index.html at tag release-1.27.2, 615 bytes). Data, like the
 * captured CLI help texts: the bytes a learner would see.
 */
export const NGINX_INDEX_HTML =
  '<!DOCTYPE html>\n' +
  '<html>\n' +
  '<head>\n' +
  '<title>Welcome to nginx!</title>\n' +
  '<style>\n' +
  'html { color-scheme: light dark; }\n' +
  'body { width: 35em; margin: 0 auto;\n' +
  'font-family: Tahoma, Verdana, Arial, sans-serif; }\n' +
  '</style>\n' +
  '</head>\n' +
  '<body>\n' +
  '<h1>Welcome to nginx!</h1>\n' +
  '<p>If you see this page, the nginx web server is successfully installed and\n' +
  'working. Further configuration is required.</p>\n' +
  '\n' +
  '<p>For online documentation and support please refer to\n' +
  '<a href="http://nginx.org/">nginx.org</a>.<br/>\n' +
  'Commercial support is available at\n' +
  '<a href="http://nginx.com/">nginx.com</a>.</p>\n' +
  '\n' +
  '<p><em>Thank you for using nginx.</em></p>\n' +
  '</body>\n' +
  '</html>\n';

/** The version in the server's banner (the simulated nginx image is 1.27.2). */
export const NGINX_VERSION = '1.27.2';
