/** Where things live: the one module that builds the portal's own addresses, so a route moves in one place. */

/** The officer console's list of drivers. */
export const DRIVERS_PATH = '/officer/drivers/';

/** A driver's page in the officer console. */
export function driverPath(driverId: number): string {
  return `${DRIVERS_PATH}${driverId}`;
}

/** The audit log, showing one driver's entries. */
export function driverAuditPath(driverId: number): string {
  return `/officer/audit/?driver=${driverId}`;
}

/** The page that records a face-to-face session for a driver. */
export function faceToFacePath(driverId: number): string {
  return `${driverPath(driverId)}/face-to-face`;
}

/** Where the driver page's account actions (confirm a claim, release the badge, disable the account) post. */
export function driverAccountPath(driverId: number): string {
  return `${driverPath(driverId)}/account`;
}

/** Everything held about a driver, as JSON, for a subject access request. */
export function driverExportPath(driverId: number): string {
  return `${driverPath(driverId)}/export.json`;
}

/** The erasure request page for a driver. */
export function erasePath(driverId: number): string {
  return `${driverPath(driverId)}/erase`;
}

/** An officer's download of one of a driver's certificates. */
export function driverCertificatePdfPath(driverId: number, certificateId: number): string {
  return `${driverPath(driverId)}/certificate/${certificateId}.pdf`;
}

/** The revoke step (reason, check, confirm) for one of a driver's certificates. */
export function revokePath(driverId: number, certificateId: number): string {
  return `${driverPath(driverId)}/certificate/${certificateId}/revoke`;
}

/** The reissue confirmation for one of a driver's certificates. */
export function reissuePath(driverId: number, certificateId: number): string {
  return `${driverPath(driverId)}/certificate/${certificateId}/reissue`;
}

/** A reminder campaign's progress page. */
export function campaignPath(campaignId: number): string {
  return `/officer/reminders/${campaignId}`;
}

/** A reminder campaign's figures, polled by its progress island. */
export function campaignProgressPath(campaignId: number): string {
  return `${campaignPath(campaignId)}/progress.json`;
}

/** A reminder campaign's letters, one page a driver. */
export function campaignLettersPath(campaignId: number): string {
  return `${campaignPath(campaignId)}/letters.pdf`;
}

/** A driver's course overview: where a driver lands after signing in. */
export const TRAINING_PATH = '/training/';

/** The officer console's dashboard: where an officer lands after signing in. */
export const OFFICER_PATH = '/officer/';

/** A course module, at the section its progress allows. */
export function moduleHomePath(slug: string): string {
  return `${TRAINING_PATH}${slug}/`;
}

/** A course module, opened at a section (1-based). */
export function modulePath(slug: string, section: number): string {
  return `${moduleHomePath(slug)}?section=${section}`;
}

/** A course module's scenario question. */
export function scenarioPath(slug: string): string {
  return `${moduleHomePath(slug)}scenario`;
}

/** The assessment. */
export const ASSESSMENT_PATH = '/training/assessment/';

/** The result of one submitted assessment attempt. */
export function attemptPath(attemptId: number): string {
  return `${ASSESSMENT_PATH}${attemptId}/`;
}
