import { Injectable } from '@nestjs/common';
import { type AppConfig, InjectConfig } from '@app/config';

/** User images are Cloud Storage file ids or HTTPS URLs on the hosts CONTENT_IMAGE_HOSTS allows; nothing else. */
@Injectable()
export class ImageRefs {
  private readonly hosts: ReadonlySet<string>;

  constructor(@InjectConfig() config: AppConfig) {
    this.hosts = new Set(config.contentSecurity.imageHosts);
  }

  problem(ref: string): string | null {
    if (/^cloud:\/\/[A-Za-z0-9-]+\.[A-Za-z0-9-]+\/\S+$/.test(ref)) return null;
    let url: URL;
    try {
      url = new URL(ref);
    } catch {
      return 'must be a cloud:// file id or an https URL';
    }
    if (url.protocol !== 'https:') return 'must be a cloud:// file id or an https URL';
    if (url.username || url.password || url.port) return 'must be a plain https URL';
    if (!this.hosts.has(url.hostname.toLowerCase())) return `host ${url.hostname} is not an allowed image host`;
    return null;
  }
}
