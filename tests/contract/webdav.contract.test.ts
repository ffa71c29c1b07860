import { requireProgram } from '../helpers/systemProgram.js';
import { APACHE_CANDIDATES } from '../helpers/apache.js';
import { defineSourceContract } from './sourceContract.js';
import { webdavFixture } from './fixtures.js';

const apache = requireProgram('apache2', 'the WebDAV source contract runs against a real Apache mod_dav', APACHE_CANDIDATES);
defineSourceContract('webdav (Apache mod_dav)', async () => (apache ? webdavFixture(apache) : null));
