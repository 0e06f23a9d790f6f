export {
  accountComplaintCounts,
  campaignComplaintCounts,
  recordComplaint,
  type ComplaintCounts,
  type ComplaintInput,
  type RecordedComplaint,
} from './complaint.store.js';
export {
  COMPLAINT_PAUSE_CODE,
  complaintLimitPassed,
  complaintPauseReason,
  complaintRate,
  DEFAULT_COMPLAINT_LIMIT,
  pauseCampaignsOverComplaintLimit,
  pauseOnComplaintRate,
  type ComplaintLimit,
} from './complaint-limit.js';
export { accountComplaintRate, campaignComplaintReport, type CampaignComplaintReport, type ComplaintRate } from './complaint.report.js';
