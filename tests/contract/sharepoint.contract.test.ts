import { defineSourceContract } from './sourceContract.js';
import { sharepointFixture } from './fixtures.js';

// SharePoint Online cannot be reached from tests: this runs against the Graph emulator.
defineSourceContract('sharepoint (Graph emulator)', sharepointFixture);
