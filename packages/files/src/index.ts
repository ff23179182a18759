/**
 * R2 file conventions shared by every Worker that writes or serves user files: the key
 * scheme (users/{userId}/{bucket}/…) and content-type detection from the bytes. core serves
 * uploads; integrations writes exports that core serves through the same signed URLs.
 */
export * from './keys';
export * from './content-type';
export * from './control-characters';
