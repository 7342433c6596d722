/**
 * Hosts that exist to receive data from anyone: request-capture bins, tunnels that put a
 * listener on the internet, and anonymous paste / file-drop services. A credential sent there is
 * not authenticating to the service, it is being handed to whoever owns the bin, tunnel or paste.
 * Each entry matches the host and its subdomains.
 *
 * Sources (each service's own documentation of what it does):
 * - webhook.site (https://docs.webhook.site), requestbin.com / Pipedream (https://pipedream.com/requestbin,
 *   endpoints under *.m.pipedream.net), beeceptor.com (https://beeceptor.com/docs), requestcatcher.com
 *   (https://requestcatcher.com), hookbin.com, requestbin.net, postb.in
 * - Interactsh public servers oast.fun, oast.pro, oast.live, oast.site, oast.online, oast.me and
 *   interact.sh (https://github.com/projectdiscovery/interactsh); Burp Collaborator
 *   burpcollaborator.net and oastify.com (https://portswigger.net/burp/documentation/collaborator)
 * - Tunnels: ngrok (ngrok.io, ngrok-free.app, ngrok.app; https://ngrok.com/docs), Cloudflare quick
 *   tunnels (trycloudflare.com; https://developers.cloudflare.com/cloudflare-one/connections/connect-networks/do-more-with-tunnels/trycloudflare/),
 *   serveo.net, localhost.run (lhr.life), loca.lt (localtunnel)
 * - Paste and file drops: transfer.sh, 0x0.st, termbin.com, ix.io, paste.rs, pastebin.com (its paste API)
 */
export const CAPTURE_HOSTS: readonly string[] = [
  'webhook.site',
  'requestbin.com',
  'requestbin.net',
  'pipedream.net',
  'beeceptor.com',
  'requestcatcher.com',
  'hookbin.com',
  'postb.in',
  'interact.sh',
  'oast.fun',
  'oast.pro',
  'oast.live',
  'oast.site',
  'oast.online',
  'oast.me',
  'burpcollaborator.net',
  'oastify.com',
  'ngrok.io',
  'ngrok-free.app',
  'ngrok.app',
  'trycloudflare.com',
  'serveo.net',
  'lhr.life',
  'loca.lt',
  'transfer.sh',
  '0x0.st',
  'termbin.com',
  'ix.io',
  'paste.rs',
  'pastebin.com',
];

export function isCaptureHost(host: string): boolean {
  const h = host.toLowerCase().replace(/\.$/, '');
  return CAPTURE_HOSTS.some((c) => h === c || h.endsWith(`.${c}`));
}
