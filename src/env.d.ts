/// <reference types="astro/client" />

declare namespace App {
  interface Locals {
    user: import('./lib/auth/session.ts').SessionUser | null;
    session: import('./lib/auth/session.ts').Session | null;
  }
}
