import { createStaffingApp } from './staffing-app';

createStaffingApp().app.synth();
