// Progress of a sync, as the CLI's progress bar and the UI's live view receive it.
export interface SyncProgress {
  libraryId: string;
  libraryTitle: string;
  phase: 'listing' | 'transferring' | 'removing' | 'finishing' | 'done';
  /** Documents handled / to handle in this phase. */
  done: number;
  total: number;
  bytesDone: number;
  /** Title of the document last handled, for the live view. */
  current?: string;
}

export type ProgressListener = (p: SyncProgress) => void;
