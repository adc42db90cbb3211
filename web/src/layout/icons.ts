import type { Component } from 'vue'
import {
  AlarmClock, Avatar, Bell, Briefcase, Calendar, Collection, Connection, Document, HomeFilled, Key, MapLocation, Monitor, OfficeBuilding,
  Setting, Share, Stamp, Tickets, User,
  Grid, // grid registry (helper A)
  Finished, List, Warning, // grid draws (helper B)
} from '@element-plus/icons-vue'
// Patent analytics (helper D).
import { CopyDocument, DataAnalysis, Histogram, Trophy } from '@element-plus/icons-vue'

export const ICONS: Record<string, Component> = {
  AlarmClock, Avatar, Bell, Briefcase, Calendar, Collection, Connection, Document, HomeFilled, Key, MapLocation, Monitor, OfficeBuilding,
  Setting, Share, Stamp, Tickets, User,
  Grid, // grid registry (helper A)
  Finished, List, Warning, // grid draws (helper B)
  CopyDocument, DataAnalysis, Histogram, Trophy,
}
