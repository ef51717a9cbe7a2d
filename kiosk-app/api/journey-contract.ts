// Facts of the citizen journey the api states, owned by the api; the journey service reads them from here.

/** The consent notice's version: the consent the citizen gave names it, and the dossier carries it. */
export const CONSENT_NOTICE_VERSION = '2026-11-v1';
