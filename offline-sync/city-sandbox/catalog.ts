// The sandbox's signed catalogue (GET /v1/catalog): the procedures the kiosk ships
// (assets/catalog/procedures.json) at that file's version, signed with the catalogue key
// given (catalogKeyPem, the CLI's --catalog-key FILE) or one made at start.
// Not yet: --catalog-size N (generated procedures beyond the shipped ones).
import crypto, { type KeyObject } from 'node:crypto';
import shipped from '../../assets/catalog/procedures.json';
import { signCatalog, type CatalogBody, type CatalogProcedure } from '../city-client/catalog-signature';

export interface SignedCatalog extends CatalogBody {
  readonly signature: string;
}

export class SandboxCatalog {
  readonly version: string;
  /** SPKI PEM of the key the answers are signed with (the device's configuration holds it). */
  readonly publicKeyPem: string;
  readonly #key: KeyObject;
  readonly #procedures: readonly CatalogProcedure[];

  /** Throws when the PEM is not an Ed25519 private key. */
  constructor(privateKeyPem?: string) {
    this.#key = privateKeyPem === undefined ? crypto.generateKeyPairSync('ed25519').privateKey : crypto.createPrivateKey(privateKeyPem);
    if (this.#key.asymmetricKeyType !== 'ed25519') throw new Error('the catalogue key must be an Ed25519 private key (PEM)');
    this.publicKeyPem = crypto.createPublicKey(this.#key).export({ type: 'spki', format: 'pem' }).toString();
    this.version = shipped.version;
    this.#procedures = structuredClone(shipped.procedures) as CatalogProcedure[];
  }

  /** Changes since `since`: none at the current version, everything from any other (or none). */
  answer(since: string | undefined): SignedCatalog {
    const body: CatalogBody = since === this.version
      ? { version: this.version, procedures: [], removed: [] }
      : { version: this.version, procedures: this.#procedures, removed: [] };
    return { ...body, signature: signCatalog(body, this.#key) };
  }
}
